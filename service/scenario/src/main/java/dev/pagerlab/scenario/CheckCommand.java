package dev.pagerlab.scenario;

import dev.pagerlab.engine.lab.Quotas;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check [HAND-OUT] ANSWER [--junit FILE] [--json FILE]}: runs a scenario without a server, for autograders.
 * With one file, that scenario is run and its expectations checked. With two, the hand-out fixes the steps and the
 * questions and the answer supplies the values ({@link Handout}). Exit status 0 when every expectation passes, 1
 * when one fails, 2 for a malformed file or wrong usage.
 */
public final class CheckCommand {

    /** A scenario file larger than this is refused rather than read. */
    static final long MAX_FILE = 4L << 20;

    private static final String USAGE = "usage: check [HAND-OUT] ANSWER [--junit REPORT.xml] [--json REPORT.json]"
            + " [--quiet]";

    private CheckCommand() {
    }

    /** Runs the command with {@code args} (without the word {@code check}); answers the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        Path junit = null;
        Path json = null;
        boolean quiet = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--junit", "--json" -> {
                    if (i + 1 >= args.size()) {
                        err.println(USAGE);
                        return 2;
                    }
                    Path target = Path.of(args.get(++i));
                    if (arg.equals("--junit")) {
                        junit = target;
                    } else {
                        json = target;
                    }
                }
                case "--quiet", "-q" -> quiet = true;
                case "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (arg.startsWith("-")) {
                        err.println("unknown option " + arg + "\n" + USAGE);
                        return 2;
                    }
                    files.add(Path.of(arg));
                }
            }
        }
        if (files.isEmpty() || files.size() > 2) {
            err.println(USAGE);
            return 2;
        }
        Scenario scenario;
        try {
            Scenario answer = read(files.getLast());
            if (files.size() == 2) {
                Scenario handout = read(files.getFirst());
                List<Integer> changed = Handout.changedSteps(handout, answer);
                if (!changed.isEmpty()) {
                    err.println("warning: " + files.getLast() + " differs from the hand-out at steps " + changed
                            + "; their answers are not taken");
                }
                scenario = Handout.merge(handout, answer);
            } else {
                scenario = answer;
            }
        } catch (Malformed e) {
            err.println(e.getMessage());
            return 2;
        }
        Report report;
        try {
            report = Scenarios.check(scenario, Quotas.DEFAULT, Limits.DEFAULT);
        } catch (ScenarioException e) {
            err.println(files.getFirst() + ": " + e.describe());
            return 2;
        }
        try {
            if (junit != null) {
                Files.writeString(junit, report.toJunitXml(), StandardCharsets.UTF_8);
            }
            if (json != null) {
                Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("cannot write the report: " + e.getMessage());
            return 2;
        }
        if (!quiet) {
            out.print(report.failureSummary());
        }
        out.println(report.scenario() + ": " + report.passed() + " passed, " + report.failed() + " failed");
        return report.failed() == 0 ? 0 : 1;
    }

    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static Scenario read(Path file) throws Malformed {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new Malformed(file + ": larger than " + MAX_FILE + " bytes");
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return ScenarioReader.read(text, Format.ofFileName(file.toString()), Limits.DEFAULT);
        } catch (IOException e) {
            throw new Malformed(file + ": cannot read: " + e.getMessage());
        } catch (ScenarioException e) {
            throw new Malformed(file + ":" + e.location().line() + ":" + e.location().column() + ": "
                    + e.getMessage());
        }
    }
}
