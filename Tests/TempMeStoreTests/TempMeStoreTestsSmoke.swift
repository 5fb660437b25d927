import Testing
@testable import TempMeStore

@Test func placeholder() {}
