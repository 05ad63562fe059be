package dev.pagerlab.scenario;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code exercise KIND SEED [--platform P] [--answers] [--json]}: writes a generated exercise (or its answer key) to
 * standard output without a server, so that a course's CI can regenerate a student's hand-out from the student's
 * seed rather than trust a copy. Exit status 0, or 2 for an unknown kind or platform or wrong usage.
 */
public final class ExerciseCommand {

    private static final String USAGE = "usage: exercise KIND SEED [--platform P] [--answers] [--json]; kinds: "
            + String.join(", ", Exercises.KINDS.stream().map(Exercises.Kind::name).toList());

    private ExerciseCommand() {
    }

    /** Runs the command with {@code args} (without the word {@code exercise}); answers the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>();
        String platform = null;
        boolean answers = false;
        Format format = Format.YAML;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--platform" -> {
                    if (i + 1 >= args.size()) {
                        err.println(USAGE);
                        return 2;
                    }
                    platform = args.get(++i);
                }
                case "--answers" -> answers = true;
                case "--json" -> format = Format.JSON;
                default -> words.add(args.get(i));
            }
        }
        if (words.size() != 2) {
            err.println(USAGE);
            return 2;
        }
        try {
            out.print(ScenarioWriter.write(Exercises.generate(words.get(0), words.get(1), platform, answers), format));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }
}
