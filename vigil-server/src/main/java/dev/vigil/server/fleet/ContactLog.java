package dev.vigil.server.fleet;

import dev.vigil.core.fleet.Fleet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' contacts written with group commit: a batch's answer waits until its contact (the sequence number it
 * applied) is durable, and the contacts that arrive while one transaction is written share the next. Two hundred
 * agents sending every second cost a few disk flushes a second, not four hundred.
 */
final class ContactLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContactLog.class);

    private record Pending(Fleet.Contact contact, CompletableFuture<Void> done) {}

    private final Fleet store;
    private final List<Pending> queue = new ArrayList<>();
    private volatile boolean running = true;
    private final Thread writer;

    ContactLog(Fleet store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("agent-contacts").daemon().start(this::write);
    }

    /** Returns once the contact is stored; a store that fails says so (the agent sends the batch again). */
    void record(Fleet.Contact contact) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (queue) {
            queue.add(new Pending(contact, done));
            queue.notifyAll();
        }
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the agent's contact could not be stored; the agent sends the batch again");
        }
    }

    private void write() {
        while (running) {
            List<Pending> batch;
            synchronized (queue) {
                while (queue.isEmpty() && running) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            try {
                store.contacts(batch.stream().map(Pending::contact).toList());
                batch.forEach(p -> p.done().complete(null));
            } catch (RuntimeException e) {
                log.warn("agent contacts not stored: {}", e.getMessage());
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
    }
}
