import Testing
@testable import TempMeVideo

@Test func placeholder() {}
