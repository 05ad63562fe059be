package dev.pagerlab.app.web;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** An address or size in a request body: a string in the API's notation, or a JSON integer up to 2^53. */
@JsonDeserialize(using = U64.Reader.class)
@Schema(type = "string", description = "Unsigned 64-bit value: \"0x400000\", \"4194304\" or \"4M\" (K, M, G, T"
        + " are binary); a JSON integer is accepted up to 2^53.", example = "0x400000",
        pattern = "^(0[xX][0-9a-fA-F]+|[0-9]+[KMGTkmgt]?)$")
public record U64(long value) {

    /** As an address. */
    public Addr addr() {
        return Addr.of(value);
    }

    /** As a size or offset. */
    public Size size() {
        return Size.of(value);
    }

    /** Reads a string or an integer token; anything else is a validation failure naming the field. */
    static final class Reader extends ValueDeserializer<U64> {
        @Override
        public U64 deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken token = p.currentToken();
            String field = p.currentName();
            try {
                if (token == JsonToken.VALUE_STRING) {
                    return new U64(UnsignedInput.parse(p.getString()));
                }
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    return new U64(UnsignedInput.fromJsonNumber(p.getBigIntegerValue()));
                }
            } catch (UnsignedInput.InvalidValue e) {
                throw new FieldValueException(field, e.getMessage());
            }
            throw new FieldValueException(field, "expected an address or size as a string such as \"0x1000\"");
        }
    }
}
