package dev.pagerlab.app.layout;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A rendered layout.svg parsed back, with XPath queries and the boxes its labels take. */
final class Picture {

    final String source;
    final Document document;

    Picture(String svg) {
        this.source = svg;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed SVG: " + e.getMessage() + "\n" + svg, e);
        }
    }

    List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                    XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(xpath, e);
        }
    }

    Element one(String xpath) {
        List<Element> found = all(xpath);
        if (found.size() != 1) {
            throw new AssertionError("expected one element for " + xpath + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** The element children of an element, for a for-each loop. */
    record Children(Element parent) implements Iterable<Element> {
        @Override
        public java.util.Iterator<Element> iterator() {
            List<Element> out = new ArrayList<>();
            for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    out.add(e);
                }
            }
            return out.iterator();
        }
    }

    static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /** The box of a drawn text: the renderer's monospace advance times its length, one font height tall. */
    record Box(double x0, double y0, double x1, double y1, String text) {
        boolean overlaps(Box o) {
            return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
        }
    }

    List<Box> textBoxes() {
        List<Box> boxes = new ArrayList<>();
        for (Element t : all("//text")) {
            double size = t.hasAttribute("font-size") ? num(t, "font-size") : LayoutRenderer.FONT;
            double width = t.getTextContent().length() * LayoutRenderer.CHAR_W * size / LayoutRenderer.FONT;
            double x = num(t, "x");
            if ("middle".equals(t.getAttribute("text-anchor"))) {
                x -= width / 2;
            }
            double y = num(t, "y");
            boxes.add(new Box(x, y - size * 0.8, x + width, y + size * 0.2, t.getTextContent()));
        }
        return boxes;
    }

    /** Pairs of labels that overlap, as text for an assertion message. */
    List<String> overlappingLabels() {
        List<Box> boxes = textBoxes();
        List<String> clashes = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                if (boxes.get(i).overlaps(boxes.get(j))) {
                    clashes.add(boxes.get(i) + " / " + boxes.get(j));
                }
            }
        }
        return clashes;
    }

    /** Texts that run past the 1400 px wide picture. */
    List<String> labelsOutside() {
        return textBoxes().stream().filter(b -> b.x0 < 0 || b.x1 > LayoutRenderer.WIDTH).map(Box::text).toList();
    }
}
