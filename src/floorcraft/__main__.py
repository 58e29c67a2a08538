from floorcraft.cli import main

main()
