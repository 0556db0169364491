package dev.externalfiles.integration.rest;

import jakarta.enterprise.context.RequestScoped;

import dev.externalfiles.integration.service.Caller;
import io.quarkus.security.identity.SecurityIdentity;

/** The verified caller of this request: the token's subject and roles, nothing from the body. */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles());
    }
}
