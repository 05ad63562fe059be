package dev.pagerlab.app.layout;

import java.util.ArrayList;
import java.util.List;

/** Rows of labels: each label goes into the first row where it does not touch the previous one, so none overlap. */
final class Lanes {

    private static final double PAD = 8;

    private final List<Double> ends = new ArrayList<>();
    private final int maxLanes;

    Lanes(int maxLanes) {
        this.maxLanes = maxLanes;
    }

    /** The row for a label over {@code [x, x+width]}, or -1 when every allowed row is taken there. */
    int place(double x, double width) {
        for (int lane = 0; lane < ends.size(); lane++) {
            if (ends.get(lane) + PAD <= x) {
                ends.set(lane, x + width);
                return lane;
            }
        }
        if (ends.size() < maxLanes) {
            ends.add(x + width);
            return ends.size() - 1;
        }
        return -1;
    }

    int used() {
        return ends.size();
    }
}
