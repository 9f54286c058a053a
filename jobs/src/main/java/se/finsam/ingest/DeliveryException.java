package se.finsam.ingest;

/** A delivery that cannot be loaded as a whole (manifest mismatch, too many bad rows, wrong header). */
public final class DeliveryException extends RuntimeException {
  public DeliveryException(String message) {
    super(message);
  }
}
