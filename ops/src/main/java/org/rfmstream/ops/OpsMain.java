package org.rfmstream.ops;

public final class OpsMain {
    public static void main(String[] args) {
        System.out.println("OpsMain: not yet implemented");
    }
}
