global using NUnit.Framework;
global using Realtime.Testing;
