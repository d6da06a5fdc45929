package dev.vigil.checks.state;

/**
 * SOFT while a problem is being re-checked, HARD once it has been confirmed {@code max_attempts} times (or
 * the object is OK). Only HARD changes alert, which is what spares people from one-off blips.
 */
public enum StateType { SOFT, HARD }
