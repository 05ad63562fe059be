package dev.pagerlab.app.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a JSON body that is not well-formed UTF-8 (overlong forms such as {@code C0 AF}, encoded surrogates,
 * stray continuation bytes), which the JSON parser would otherwise decode leniently and store. The body is bounded
 * by {@link BodySizeLimit}, so reading it whole is cheap.
 */
@ControllerAdvice
class WellFormedUtf8 extends RequestBodyAdviceAdapter {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** A body's bytes read as longs, to test eight for ASCII at once (the byte order does not matter for that). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        MediaType type = input.getHeaders().getContentType();
        if (type != null && type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
            return input;
        }
        byte[] body = input.getBody().readAllBytes();
        // ASCII is well-formed UTF-8: most bodies (a fault batch's 600 KB) need no decoding into a char buffer.
        if (!isAscii(body)) {
            check(body);
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /** Whether every byte is ASCII: eight at a time, as a batch's body is 600 KB and almost always ASCII. */
    static boolean isAscii(byte[] body) {
        int i = 0;
        for (; i + Long.BYTES <= body.length; i += Long.BYTES) {
            if (((long) LONGS.get(body, i) & 0x8080_8080_8080_8080L) != 0) {
                return false;
            }
        }
        for (; i < body.length; i++) {
            if (body[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static void check(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new FieldValueException(fieldAtFirstMalformedByte(body), "the text is not well-formed UTF-8");
        }
    }

    /** The field whose name or value holds the first malformed sequence, read after replacing each with U+FFFD. */
    private static String fieldAtFirstMalformedByte(byte[] body) {
        String replaced = new String(body, StandardCharsets.UTF_8);
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), replaced)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.PROPERTY_NAME || token == JsonToken.VALUE_STRING)
                        && parser.getString().indexOf('\uFFFD') >= 0) {
                    return parser.currentName();
                }
            }
        } catch (JacksonException malformedJson) {
            // no field to name
        }
        return null;
    }
}
