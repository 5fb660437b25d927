import Testing
@testable import TempMeService

@Test func placeholder() {}
