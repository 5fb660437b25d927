import Testing
@testable import TempMeModel

@Test func placeholder() {}
