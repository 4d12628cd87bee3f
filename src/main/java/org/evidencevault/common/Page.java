package org.evidencevault.common;

import java.util.List;
import java.util.function.Function;

/** One page of results. */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

    public static final int MAX_SIZE = 200;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }

    public static void checkRequest(int page, int size) {
        new Checks()
                .require(page >= 0, "page", "min", "must be 0 or more")
                .require(size >= 1 && size <= MAX_SIZE, "size", "range", "must be between 1 and " + MAX_SIZE)
                .throwIfAny();
    }
}
