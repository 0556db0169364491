package dev.externalfiles.e2e;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The steps of one story build on each other: once a step has failed, every later step fails at
 * once, naming it, instead of waiting out its timeouts in a world the failed step left broken.
 */
final class StepGuard implements TestWatcher, BeforeEachCallback {

    private String failedStep;

    @Override
    public void beforeEach(ExtensionContext context) {
        if (failedStep != null) {
            throw new AssertionError("not run: it builds on the step that failed before it, '" + failedStep + "'");
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (failedStep == null) {
            failedStep = context.getDisplayName();
        }
    }
}
