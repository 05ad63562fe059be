package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.U64;
import dev.pagerlab.app.web.UnsignedInput;
import dev.pagerlab.engine.model.Access;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestResponseBodyMethodProcessor;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of a single fault, {@code {"addr": "0x1000", "type": "READ"}}, without Spring's message-converter
 * chain and bean validation, which together cost more than the fault itself. Only the common body is read here:
 * Content-Type {@code application/json} (in any case, no parameters), ASCII, an object with exactly the fields
 * {@code addr} and {@code type}, each once, as strings, the address in the API's notation and the access in capitals.
 * Every other body, and so every refusal, is handed with its bytes to Spring's own {@code @RequestBody} reading, so
 * that answers stay exactly as they were.
 */
final class FaultBody implements HandlerMethodArgumentResolver {

    private static final String JSON_TYPE = "application/json";
    // Jackson's defaults, stricter than or as strict as the app's mapper: whatever they let through, the mapper
    // reads the same way (FaultBodyTest compares the two).
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Access[] ACCESSES = Access.values();

    private final HandlerMethodArgumentResolver spring;

    FaultBody(HandlerMethodArgumentResolver spring) {
        this.spring = spring;
    }

    /** Puts the reader in front of Spring's argument resolvers, with Spring's {@code @RequestBody} reading behind it. */
    @Component
    static final class Installer implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getArgumentResolvers() != null) {
                List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(adapter.getArgumentResolvers());
                resolvers.stream().filter(RequestResponseBodyMethodProcessor.class::isInstance).findFirst()
                        .ifPresent(spring -> {
                            resolvers.addFirst(new FaultBody(spring));
                            adapter.setArgumentResolvers(resolvers);
                        });
            }
            return bean;
        }
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ThreadController.RaiseFault.class
                && parameter.getContainingClass() == ThreadController.class
                && parameter.hasParameterAnnotation(RequestBody.class);
    }

    @Override
    public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
                                            NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory)
            throws Exception {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        if (request == null || !JSON_TYPE.equalsIgnoreCase(request.getContentType())) {
            return spring.resolveArgument(parameter, mavContainer, webRequest, binderFactory);
        }
        byte[] body;
        try {
            // Bounded by BodySizeLimit, whose refusal passes through here as it does through Spring's reading.
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new HttpMessageNotReadableException("I/O error while reading input message", e,
                    new ServletServerHttpRequest(request));
        }
        ThreadController.RaiseFault fault = read(body);
        if (fault != null) {
            return fault;
        }
        NativeWebRequest replayed = new ServletWebRequest(new Replayed(request, body),
                webRequest.getNativeResponse(HttpServletResponse.class));
        return spring.resolveArgument(parameter, mavContainer, replayed, binderFactory);
    }

    /** The fault of a common body (see the class comment), or null for any other body. */
    static ThreadController.@Nullable RaiseFault read(byte[] body) {
        for (byte b : body) {
            // No multi-byte UTF-8 (WellFormedUtf8's business), no NUL (Jackson would guess UTF-16 or UTF-32).
            if (b <= 0) {
                return null;
            }
        }
        String addr = null;
        Access type = null;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                if (name.equals("addr") && addr == null) {
                    addr = p.getString();
                } else if (name.equals("type") && type == null) {
                    type = access(p.getString());
                    if (type == null) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || addr == null || type == null) {
                return null;
            }
            return new ThreadController.RaiseFault(new U64(UnsignedInput.parse(addr)), type);
        } catch (RuntimeException malformedOrInvalid) {
            // JacksonException, UnsignedInput.InvalidValue or anything else: Spring's reading answers it as before.
            return null;
        }
    }

    private static @Nullable Access access(String name) {
        for (Access access : ACCESSES) {
            if (access.name().equals(name)) {
                return access;
            }
        }
        return null;
    }

    /** The request with its body, already read, to read again. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("a replayed body is read blocking");
                }
            };
        }
    }
}
