package dev.pagerlab.scenario;

/** Where something is in a scenario document: line and column (1-based) and the path of fields to it. */
public record Location(int line, int column, String path) {

    @Override
    public String toString() {
        return "line " + line + ", column " + column + (path.isEmpty() ? "" : " (" + path + ")");
    }
}
