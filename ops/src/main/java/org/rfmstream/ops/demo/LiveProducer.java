package org.rfmstream.ops.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.rfmstream.schemas.Serdes;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends {@link LiveTraffic} to the transactions topic at a steady rate, on its own thread, until closed. */
final class LiveProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveProducer.class);

    private final LiveTraffic traffic;
    private final double eventsPerSecond;
    private final String topic;
    private final Clock clock;
    private final KafkaProducer<String, Transaction> producer;
    private final Thread thread;
    private final AtomicLong purchases = new AtomicLong();
    private final AtomicLong refunds = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean running = true;

    LiveProducer(LiveTraffic traffic, double eventsPerSecond, Properties clientProperties, String topic, Clock clock) {
        this.traffic = traffic;
        this.eventsPerSecond = eventsPerSecond;
        this.topic = topic;
        this.clock = clock;
        this.producer = new KafkaProducer<>(producerProperties(clientProperties), new StringSerializer(),
                Serdes.transaction().serializer());
        this.thread = new Thread(this::sendAtRate, "demo-live-purchases");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long purchases() {
        return purchases.get();
    }

    long refunds() {
        return refunds.get();
    }

    long newCustomers() {
        synchronized (traffic) {
            return traffic.newCustomers();
        }
    }

    long failed() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    private void sendAtRate() {
        long nanosPerEvent = Math.max(1, Math.round(1_000_000_000d / eventsPerSecond));
        long start = System.nanoTime();
        long sent = 0;
        while (running) {
            long due = (System.nanoTime() - start) / nanosPerEvent + 1;
            while (sent < due && running) {
                send();
                sent++;
            }
            long nextAt = start + sent * nanosPerEvent;
            LockSupport.parkNanos(Math.max(0, nextAt - System.nanoTime()));
        }
    }

    private void send() {
        Transaction transaction;
        synchronized (traffic) {
            transaction = traffic.next(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, transaction.timestamp().toEpochMilli(),
                    transaction.customerId(), transaction), (metadata, exception) -> {
                        if (exception == null) {
                            (transaction.type() == TransactionType.REFUND ? refunds : purchases).incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, exception.toString());
                        }
                    });
        } catch (KafkaException e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e.toString());
            LOG.warn("cannot send a live purchase", e);
        }
    }

    /** Stops sending, and waits for what was sent to be acknowledged. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(10));
    }

    private static Properties producerProperties(Properties clientProperties) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "rfm-demo-live");
        return properties;
    }
}
