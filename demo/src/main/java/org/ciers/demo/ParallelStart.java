package org.ciers.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts servers side by side (a James start is mostly waiting), so that a cluster of them costs
 * about the time of one. If one fails, those that started are stopped and the failure is thrown.
 */
public final class ParallelStart {
    private static final long TIMEOUT_SECONDS = 2 * JamesProcess.START_TIMEOUT.toSeconds();

    private ParallelStart() {
    }

    public static <T extends AutoCloseable> List<T> start(List<Callable<T>> starts) throws Exception {
        List<CompletableFuture<T>> starting = new ArrayList<>();
        for (Callable<T> start : starts) {
            CompletableFuture<T> future = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    future.complete(start.call());
                } catch (Exception | Error e) {
                    future.completeExceptionally(e);
                }
            }, "start server");
            thread.setDaemon(true);
            thread.start();
            starting.add(future);
        }
        List<T> started = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<T> future : starting) {
            try {
                started.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (TimeoutException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure == null) {
            return started;
        }
        closeAll(started);
        if (failure instanceof Exception exception) {
            throw exception;
        }
        throw new IllegalStateException("a server did not start", failure);
    }

    /** Stops every server, reporting (not throwing) a failure to stop one. */
    public static void closeAll(List<? extends AutoCloseable> servers) throws InterruptedException {
        for (AutoCloseable server : servers) {
            try {
                server.close();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                System.err.println("stopping a server: " + e.getMessage());
            }
        }
    }
}
