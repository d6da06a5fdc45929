package dev.vigil.metrics.collect;

import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/** This machine read through OSHI, for the systems without Linux's /proc. */
final class OshiReader implements HostReader {
    private final SystemInfo si = new SystemInfo();

    @Override
    public HostReading read() {
        CentralProcessor cpu = si.getHardware().getProcessor();
        long[] oshiTicks = cpu.getSystemCpuLoadTicks();
        long[] ticks = new long[HostReading.CPU_STATES.size()];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = oshiTicks[CentralProcessor.TickType.valueOf(HostReading.CPU_STATES.get(i).toUpperCase(java.util.Locale.ROOT)).getIndex()];
        }
        double[] load = cpu.getSystemLoadAverage(3);
        GlobalMemory mem = si.getHardware().getMemory();
        var swap = mem.getVirtualMemory();
        var os = si.getOperatingSystem();
        List<HostReading.Volume> volumes = new ArrayList<>();
        for (var fs : os.getFileSystem().getFileStores(true)) {
            volumes.add(new HostReading.Volume(fs.getMount(), fs.getTotalSpace(), fs.getUsableSpace(), fs.getTotalInodes(), fs.getFreeInodes()));
        }
        List<HostReading.Disk> disks = new ArrayList<>();
        for (var d : si.getHardware().getDiskStores()) {
            disks.add(new HostReading.Disk(d.getName(), d.getReads(), d.getWrites(), d.getReadBytes(), d.getWriteBytes()));
        }
        List<HostReading.Interface> interfaces = new ArrayList<>();
        for (var n : si.getHardware().getNetworkIFs()) {
            interfaces.add(new HostReading.Interface(n.getName(), n.getBytesRecv(), n.getBytesSent(), n.getInErrors() + n.getOutErrors()));
        }
        return new HostReading(ticks, load[0] >= 0 ? load : new double[0], mem.getTotal(), mem.getAvailable(),
                swap.getSwapTotal(), swap.getSwapUsed(), volumes, disks, interfaces, os.getProcessCount(), os.getSystemUptime());
    }
}
