"""The example's tests run against the installed sleeplab wheel and the installed example."""
