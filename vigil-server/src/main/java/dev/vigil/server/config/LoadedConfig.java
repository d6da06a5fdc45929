package dev.vigil.server.config;

import dev.vigil.checks.config.Plan;

/** A fully validated configuration: server settings and the monitoring plan. */
public record LoadedConfig(ServerSettings server, Plan plan) {}
