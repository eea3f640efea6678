"""The workbench's routes, one router per area."""
