package vn.thidua.benchmark;

import java.util.Arrays;

/**
 * The recording times (epoch ms) of one movement's events — its own and those of its results' or communes' streams —
 * appended by the writers that store them; {@link AsOfTiming} picks its instants from them.
 */
final class MovementTimeline {

    private long[] millis = new long[1024];
    private int size;

    synchronized void add(long t) {
        if (size == millis.length) {
            millis = Arrays.copyOf(millis, size * 2);
        }
        millis[size++] = t;
    }

    synchronized int size() {
        return size;
    }

    synchronized long[] sorted() {
        long[] a = Arrays.copyOf(millis, size);
        Arrays.sort(a);
        return a;
    }
}
