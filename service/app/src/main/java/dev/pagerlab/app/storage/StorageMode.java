package dev.pagerlab.app.storage;

/** Where labs are kept: {@code pagerlab.storage}. */
public enum StorageMode {
    /** In a database (SQLite in a file under {@code pagerlab.storage-directory} unless spring.datasource says else). */
    DATABASE,
    /** In memory only: a restart loses every lab. */
    MEMORY
}
