-- When an admin last accepted an agent's file changes (epoch ms; 0: never): sent to the agent in its plan.
ALTER TABLE agents ADD COLUMN integrity_accepted INTEGER NOT NULL DEFAULT 0;
