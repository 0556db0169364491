package dev.externalfiles.watcher.service;

/**
 * The file API was asked for an integration folder this kernel does not have: the registry may
 * have granted it since the last heartbeat (a CDI event; the registrar reads the folders early).
 */
public record UnknownSlugAsked(String slug) {
}
