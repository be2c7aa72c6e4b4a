package dev.acrbridge.testsvc;

import java.time.Duration;
import java.util.Objects;

/**
 * An injected failure (immutable; every modifier returns a copy). By default a fault applies from the first call
 * after it is added, to every later call until {@link Faults#clear()}; narrow it with {@link #onCall(int)} and
 * {@link #times(int)}: it applies to calls number [onCall, onCall + times).
 */
public final class Fault {
    /** What the fault does to the response. */
    public enum Kind {
        /** Answer with a status (and an error body in the endpoint's shape). */
        STATUS,
        /** Only wait, then answer normally. */
        DELAY,
        /** Close the connection without any response. */
        RESET,
        /** 200 with a body that is not valid JSON. */
        MALFORMED_JSON,
        /** 200 whose body is cut off: the connection closes before Content-Length bytes arrived. */
        TRUNCATED_BODY
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final Integer aadsts;
    private final Duration delay;
    private final int onCall;
    private final int times;
    private final String body;

    private Fault(Kind kind, int status, Duration retryAfter, Integer aadsts, Duration delay, int onCall, int times) {
        this(kind, status, retryAfter, aadsts, delay, onCall, times, null);
    }

    private Fault(Kind kind, int status, Duration retryAfter, Integer aadsts, Duration delay, int onCall, int times,
                  String body) {
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.aadsts = aadsts;
        this.delay = delay;
        this.onCall = onCall;
        this.times = times;
        this.body = body;
    }

    /** Answer with this HTTP status and an error body in the endpoint's own shape. */
    public static Fault status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, was " + status);
        }
        return new Fault(Kind.STATUS, status, null, null, Duration.ZERO, 1, Integer.MAX_VALUE);
    }

    /** Wait this long, then answer normally. */
    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, null, null, Objects.requireNonNull(delay), 1, Integer.MAX_VALUE);
    }

    /** Close the connection without sending a response. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, null, null, Duration.ZERO, 1, Integer.MAX_VALUE);
    }

    /** Answer 200 with a JSON content type and a body that does not parse. */
    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 200, null, null, Duration.ZERO, 1, Integer.MAX_VALUE);
    }

    /** Answer 200, announce a Content-Length, send only part of the body and close the connection. */
    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED_BODY, 200, null, null, Duration.ZERO, 1, Integer.MAX_VALUE);
    }

    /** ACR's firewall answer: 403 {@code DENIED} "client with IP '127.0.0.1' is not allowed access ...". */
    public static Fault firewallDenied() {
        return status(403).body("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"client with IP '127.0.0.1' is not"
                + " allowed access. Refer https://aka.ms/acr/firewall to grant access.\"}]}");
    }

    /** Replaces the error body of a status fault with this JSON text, sent as is. */
    public Fault body(String json) {
        return new Fault(kind, status, retryAfter, aadsts, delay, onCall, times, Objects.requireNonNull(json));
    }

    /** Adds a {@code Retry-After} header (whole seconds, rounded up). */
    public Fault retryAfter(Duration retryAfter) {
        return new Fault(kind, status, Objects.requireNonNull(retryAfter), aadsts, delay, onCall, times, body);
    }

    /** Makes the body an Entra error with this AADSTS code (error, error_description, error_codes, ...). */
    public Fault aadsts(int code) {
        return new Fault(kind, status, retryAfter, code, delay, onCall, times, body);
    }

    /** Waits this long before applying the fault. */
    public Fault after(Duration wait) {
        return new Fault(kind, status, retryAfter, aadsts, Objects.requireNonNull(wait), onCall, times, body);
    }

    /** Starts at the n-th call (1-based) counted from when the fault was added. */
    public Fault onCall(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("onCall is 1-based, was " + n);
        }
        return new Fault(kind, status, retryAfter, aadsts, delay, n, times, body);
    }

    /** Applies to this many consecutive calls (default: every call). */
    public Fault times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + n);
        }
        return new Fault(kind, status, retryAfter, aadsts, delay, onCall, n, body);
    }

    /** Same as {@code times(1)}. */
    public Fault once() {
        return times(1);
    }

    /** What the fault does. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status it answers with (0 for DELAY and RESET). */
    public int statusCode() {
        return status;
    }

    /** The Retry-After it sends, or null. */
    public Duration retryAfterValue() {
        return retryAfter;
    }

    /** The AADSTS code of its Entra error body, or null. */
    public Integer aadstsCode() {
        return aadsts;
    }

    /** The literal body of a status fault, or null for the endpoint's default error shape. */
    public String bodyValue() {
        return body;
    }

    /** How long it waits before acting. */
    public Duration delayValue() {
        return delay;
    }

    boolean appliesTo(long callNumber) {
        return callNumber >= onCall && callNumber - onCall < times;
    }

    @Override
    public String toString() {
        return "Fault[" + kind + (status > 0 ? " " + status : "") + (aadsts != null ? " AADSTS" + aadsts : "")
                + (retryAfter != null ? " Retry-After " + retryAfter : "")
                + (delay.isZero() ? "" : " delay " + delay) + " calls " + onCall + "+" + times + "]";
    }
}
