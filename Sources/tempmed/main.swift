print("tempmed")
