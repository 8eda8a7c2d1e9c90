namespace Realtime.Core.Tests;
public class Probe { [NUnit.Framework.Test] public void Ok() => NUnit.Framework.Assert.That(1, NUnit.Framework.Is.EqualTo(1)); }
