package se.finsam.did;

/**
 * A fit that did not converge within its iteration limit ({@link FitLimits#MAX_ITERATIONS}); the engine
 * and the reference model raise it alike.
 */
public final class FitNotConvergedException extends IllegalStateException {
  public FitNotConvergedException(String what, int iterations) {
    super(what + " did not converge in " + iterations + " iterations");
  }
}
