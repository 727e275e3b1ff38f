"""The bots built on the platform, one package each (registered under ``sleeplab.bots``)."""
