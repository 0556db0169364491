package dev.externalfiles.integration.service;

import java.util.Set;

/**
 * Who is calling, as proven by the bearer token: the subject and the realm roles. Built by the
 * REST layer from the verified token, never from anything the client sends in the request.
 */
public record Caller(String userId, Set<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
