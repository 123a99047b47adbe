package vn.thidua.eventlog;

/** A sealed gap: a position that was claimed and never filled, marked so readers stop waiting for it. */
public record Gap(long position) implements LogEntry {
}
