package dev.pagerlab.app.layout;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small SVG element tree: the renderer places everything first and learns the picture's height only at the end,
 * so it builds the tree and then writes it with the JDK's StAX writer (which does the escaping).
 */
final class Svg {

    static final String NAMESPACE = "http://www.w3.org/2000/svg";

    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Svg> children = new ArrayList<>();
    private String text = "";

    private Svg(String name) {
        this.name = name;
    }

    static Svg element(String name) {
        return new Svg(name);
    }

    Svg attr(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    Svg attr(String key, double value) {
        return attr(key, number(value));
    }

    Svg text(String value) {
        text = value;
        return this;
    }

    Svg add(Svg child) {
        children.add(child);
        return child;
    }

    /** Adds a child element and answers it. */
    Svg add(String childName) {
        return add(new Svg(childName));
    }

    static String number(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    String write() {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            write(xml, true);
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing SVG to a string failed", e);
        }
        return out.toString();
    }

    private void write(XMLStreamWriter xml, boolean root) throws XMLStreamException {
        xml.writeStartElement(name);
        if (root) {
            xml.writeDefaultNamespace(NAMESPACE);
        }
        for (var attribute : attributes.entrySet()) {
            xml.writeAttribute(attribute.getKey(), attribute.getValue());
        }
        if (!text.isEmpty()) {
            xml.writeCharacters(text);
        }
        for (Svg child : children) {
            child.write(xml, false);
        }
        xml.writeEndElement();
    }
}
