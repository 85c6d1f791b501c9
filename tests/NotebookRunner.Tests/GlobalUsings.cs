global using Xunit;

// Notebooks change the process's working directory and environment while they run: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
