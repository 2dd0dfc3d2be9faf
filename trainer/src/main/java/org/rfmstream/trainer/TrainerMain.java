package org.rfmstream.trainer;

public final class TrainerMain {
    public static void main(String[] args) {
        System.out.println("TrainerMain: not yet implemented");
    }
}
