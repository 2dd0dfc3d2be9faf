package org.rfmstream.streams;

public final class StreamsApp {
    public static void main(String[] args) {
        System.out.println("StreamsApp: not yet implemented");
    }
}
