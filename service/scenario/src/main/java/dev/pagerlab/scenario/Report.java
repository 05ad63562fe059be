package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What running a scenario found: per step the operation, the answer (in the scenario's names) and each expectation
 * with path, expected, actual and passed; and the totals.
 */
public record Report(String scenario, List<StepReport> steps) {

    /** The steps are copied. */
    public Report {
        steps = List.copyOf(steps);
    }

    /** One step: its 1-based number, the line it was written on, the operation, its answer and its expectations. */
    public record StepReport(int step, int line, String operation, Map<String, @Nullable Object> answer,
                             List<Expectation> expectations) {
        /** The list is copied. */
        public StepReport {
            expectations = List.copyOf(expectations);
        }
    }

    /**
     * One compared expectation. {@code expected} null means the question was left unanswered, which fails;
     * {@code note} says why a failure failed when the values alone do not.
     */
    public record Expectation(String path, @Nullable Object expected, @Nullable Object actual, boolean passed,
                              @Nullable String note) {
    }

    /** Expectations that passed. */
    public int passed() {
        return (int) all().filter(Expectation::passed).count();
    }

    /** Expectations that failed, unanswered ones included. */
    public int failed() {
        return (int) all().filter(e -> !e.passed()).count();
    }

    private java.util.stream.Stream<Expectation> all() {
        return steps.stream().flatMap(s -> s.expectations().stream());
    }

    /** The report as plain values, for JSON or YAML. */
    public Map<String, Object> toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("scenario", scenario);
        plain.put("passed", passed());
        plain.put("failed", failed());
        List<Object> list = new ArrayList<>();
        for (StepReport s : steps) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.step());
            step.put("line", s.line());
            step.put("operation", s.operation());
            step.put("answer", s.answer());
            List<Object> expectations = new ArrayList<>();
            for (Expectation e : s.expectations()) {
                Map<String, @Nullable Object> entry = new LinkedHashMap<>();
                entry.put("path", e.path());
                entry.put("expected", e.expected());
                entry.put("actual", e.actual());
                entry.put("passed", e.passed());
                if (e.note() != null) {
                    entry.put("note", e.note());
                }
                expectations.add(entry);
            }
            step.put("expectations", expectations);
            list.add(step);
        }
        plain.put("steps", list);
        return plain;
    }

    /** The report as JSON. */
    public String toJson() {
        return Format.JSON.write(toPlain());
    }

    /**
     * The report as JUnit XML for autograders: one test suite named after the scenario, one test case per
     * expectation (class name {@code <scenario>.step-<n>-<operation>}, name the expectation's path).
     */
    public String toJunitXml() {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", scenario);
            xml.writeAttribute("tests", Integer.toString(passed() + failed()));
            xml.writeAttribute("failures", Integer.toString(failed()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeCharacters("\n");
            for (StepReport s : steps) {
                for (Expectation e : s.expectations()) {
                    xml.writeCharacters("  ");
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", scenario + ".step-" + s.step() + "-" + s.operation());
                    xml.writeAttribute("name", e.path());
                    if (!e.passed()) {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", message(s, e));
                        xml.writeCharacters("expected: " + Values.show(e.expected()) + "\nactual:   "
                                + Values.show(e.actual()));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                    xml.writeCharacters("\n");
                }
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string failed", e);
        }
        return out + "\n";
    }

    private static String message(StepReport s, Expectation e) {
        String why = e.note() != null ? e.note() : "expected " + Values.show(e.expected()) + ", got "
                + Values.show(e.actual());
        return "step " + s.step() + " (" + s.operation() + ", line " + s.line() + ") " + e.path() + ": " + why;
    }

    /** One line per failed expectation, for a terminal. */
    public String failureSummary() {
        StringBuilder text = new StringBuilder();
        for (StepReport s : steps) {
            for (Expectation e : s.expectations()) {
                if (!e.passed()) {
                    text.append("FAIL ").append(message(s, e)).append('\n');
                }
            }
        }
        return text.toString();
    }
}
