package org.rfmstream.bench;

import java.lang.management.ManagementFactory;

/** What the figures were measured on: they mean little without it. */
public record Machine(int cores, long memoryBytes, String jdk, String jvm, String os, String arch,
                      double loadAverageAtStart) {

    public static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vendor") + " " + Runtime.version(),
                System.getProperty("java.vm.name"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d cores, %.1f GiB memory, %s (%s), %s %s", cores,
                memoryBytes / (1024.0 * 1024 * 1024), jdk, jvm, os, arch);
    }
}
