package dev.pagerlab.app.storage;

/**
 * The database did not take an operation the lab already ran: the request answers 503, and the lab is rebuilt from
 * the operations that are stored, so that it shows nothing of the ones that are not.
 */
public final class StorageUnavailableException extends RuntimeException {

    StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
