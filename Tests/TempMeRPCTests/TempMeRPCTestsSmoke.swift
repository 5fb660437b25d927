import Testing
@testable import TempMeRPC

@Test func placeholder() {}
