package dev.pagerlab.app.config;

import dev.pagerlab.app.web.FieldValueException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Reads a JSON text and refuses one with a lone surrogate (an escaped {@code \ud800} without its pair): it is not
 * Unicode text, and would be stored, echoed and compared as garbage.
 */
final class WellFormedText extends StringDeserializer {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        String text = super.deserialize(p, ctxt);
        if (text != null) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new FieldValueException(p.currentName(), "a lone surrogate (\\u"
                            + Integer.toHexString(c) + ") is not Unicode text");
                }
            }
        }
        return text;
    }
}
