"""HR's exports as files the worker builds: the job's page, the file and "Prøv igjen".
Names are in the `insights` namespace."""
