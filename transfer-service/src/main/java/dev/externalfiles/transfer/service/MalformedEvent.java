package dev.externalfiles.transfer.service;

/** A message that can never be handled; it goes to the dead-letter topic with this reason. */
public class MalformedEvent extends RuntimeException {
    public MalformedEvent(String reason) {
        super(reason, null, false, false);
    }
}
