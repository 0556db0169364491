package dev.externalfiles.watcher.kernel;

/** integration-service answered a call of the registry with an error, or could not be reached ({@code status} 0). */
public class RegistryRefusal extends RuntimeException {

    private final int status;

    public RegistryRefusal(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The kernel is unknown to the registry (heartbeat after the registry forgot it): register again. */
    public boolean notRegistered() {
        return status == 404;
    }
}
