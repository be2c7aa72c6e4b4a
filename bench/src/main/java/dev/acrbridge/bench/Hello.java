package dev.acrbridge.bench;

/** The JVM start-up floor: a hello world started the same way as the CLI. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
