package se.finsam.did;

/** A design or Hessian matrix that cannot be inverted reliably: the cell's model is not identified. */
public final class SingularDesignException extends RuntimeException {
  public SingularDesignException(String message) {
    super(message);
  }
}
