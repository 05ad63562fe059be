package dev.pagerlab.scenario;

/** A malformed scenario document: refused whole, with where the problem is. */
public final class ScenarioException extends RuntimeException {

    private final Location location;

    ScenarioException(Location location, String message) {
        super(message, null, false, false);
        this.location = location;
    }

    /** Where the document is malformed. */
    public Location location() {
        return location;
    }

    /** The message with its location, for people. */
    public String describe() {
        return location + ": " + getMessage();
    }
}
