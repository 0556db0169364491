package dev.externalfiles.integration.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Marks a streaming endpoint whose permission must be checked before the response starts: a
 * stream's status line is written as soon as it begins, too early for a 403 from the method.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface ProjectViewersOnly {
}
