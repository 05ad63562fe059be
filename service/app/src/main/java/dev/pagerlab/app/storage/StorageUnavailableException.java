package dev.pagerlab.app.storage;

/**
 * The database did not take an operation the lab already ran: the lab's memory is ahead of its journal, so it
 * answers 503 until the service restarts and rebuilds it from what was stored.
 */
public final class StorageUnavailableException extends RuntimeException {

    StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
