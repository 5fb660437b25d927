print("tempmectl")
