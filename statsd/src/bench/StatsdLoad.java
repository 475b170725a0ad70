import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * StatsD load for the benchmarks: THREADS threads, each with its own UDP socket, send COUNT
 * packets in all at RATE packets/s in all (0: as fast as they can), one metric per packet, over
 * KEYS distinct keys of mixed types (key i: counter, timer, gauge or set by i % 4). Prints
 * "sent N counters C timers T seconds S": what the receiver's flushes must add up to.
 *
 * Usage: java StatsdLoad.java PORT THREADS RATE COUNT KEYS [PREFIX]
 */
public final class StatsdLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        long rate = Long.parseLong(args[2]);
        long count = Long.parseLong(args[3]);
        int keys = Integer.parseInt(args[4]);
        String prefix = args.length > 5 ? args[5] : "bench";
        byte[][] packets = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            String key = prefix + ".k" + i;
            String line = switch (i % 4) {
                case 0 -> key + ":1|c";
                case 1 -> key + ":" + (i % 1000) + "|ms";
                case 2 -> key + ":" + i + "|g";
                default -> key + ":u" + (i % 7) + "|s";
            };
            packets[i] = line.getBytes(StandardCharsets.UTF_8);
        }
        InetAddress target = InetAddress.getLoopbackAddress();
        AtomicLong counters = new AtomicLong();
        AtomicLong timers = new AtomicLong();
        Thread[] workers = new Thread[threads];
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                long mine = count / threads + (id < count % threads ? 1 : 0);
                double perNano = rate == 0 ? 0 : rate / (double) threads / 1e9;
                long c = 0;
                long tm = 0;
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.setSendBufferSize(1 << 20);
                    DatagramPacket packet = new DatagramPacket(packets[0], packets[0].length,
                            target, port);
                    long begin = System.nanoTime();
                    for (long j = 0; j < mine; j++) {
                        int k = (int) ((j * threads + id) % keys);
                        packet.setData(packets[k]);
                        socket.send(packet);
                        if (k % 4 == 0) {
                            c++;
                        } else if (k % 4 == 1) {
                            tm++;
                        }
                        if (perNano > 0 && (j & 63) == 0) {
                            long due = begin + (long) (j / perNano);
                            long now = System.nanoTime();
                            if (due - now > 200_000) {
                                Thread.sleep((due - now) / 1_000_000,
                                        (int) ((due - now) % 1_000_000));
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                counters.addAndGet(c);
                timers.addAndGet(tm);
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("sent %d counters %d timers %d seconds %.3f%n", count, counters.get(),
                timers.get(), seconds);
    }
}
